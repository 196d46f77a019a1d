/** The floor for chat benchmarks: a bare botbuilder + restify bot that echoes the text (bench/echo-server.ts). */
import { serveEcho } from './echo-server';

serveEcho('echo bot', async (context) => `echo: ${context.activity.text}`);
