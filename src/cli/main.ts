import { runDoctor } from './doctor';
import { runExportTenant } from './export-tenant';
import { runReport } from './report';
import { runResolve } from './resolve';

const USAGE = `Usage:
  license-desk resolve --skus SPE_E3,O365_BUSINESS_ESSENTIALS [--disabled SPE_E5:EXCHANGE_S_ENTERPRISE] [--json]
  license-desk report [--format csv|billing|json] [--out FILE] [--inactive-days 90] [--graph URL]
  license-desk export-tenant [--out FILE] [--anonymize] [--anonymize-key KEY] [--sign-ins] [--graph URL]
  license-desk doctor [--graph URL] [--json]
  license-desk help`;

/** CLI entry: returns the exit code (0 ok, 1 failure, 2 bad input). */
export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'resolve':
      return runResolve(rest, out, err);
    case 'report':
      return runReport(rest, out, err);
    case 'export-tenant':
      return runExportTenant(rest, out, err);
    case 'doctor':
      return runDoctor(rest, out, err);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out.write(USAGE + '\n');
      return command ? 0 : 2;
    default:
      err.write(`Unknown command "${command}".\n${USAGE}\n`);
      return 2;
  }
}
