export async function runDoctor(_argv: string[], _out: NodeJS.WritableStream, _err: NodeJS.WritableStream): Promise<number> {
  return 1;
}
