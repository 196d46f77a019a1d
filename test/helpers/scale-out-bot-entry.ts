/**
 * One License Desk bot process for multi-instance tests (started with child_process.fork by scale-out-bots.ts).
 * Configured from the environment like `npm start`; reports its port and, on request, its store's counters
 * over the IPC channel.
 */
import { loadConfig } from '../../src/config';
import { startLicenseDesk } from '../../src/index';
import { TableRequestStore } from '../../src/store/table-request-store';

async function main(): Promise<void> {
  const app = await startLicenseDesk(loadConfig(process.env), { host: '127.0.0.1' });
  const send = (message: unknown) => process.send?.(message);
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'stats') send({ type: 'stats', stats: app.store instanceof TableRequestStore ? app.store.stats() : undefined });
    if (message?.type === 'stop') {
      void app
        .close()
        .catch(() => undefined)
        .then(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port: app.port, url: app.url });
}

main().catch((error) => {
  console.error(`bot instance failed to start: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
