/**
 * The Node server's request lines, gathered into one write to stdout per turn of the event loop
 * instead of a console.log each (a write, and console's formatting, per request: some 3% of the CPU
 * of a small proxied request). What is gathered is written before the process exits.
 */
export function gatheredStdoutWriter(): { write: (line: string) => void; flush: () => void } {
  let lines: string[] = [];
  const flush = () => {
    if (lines.length === 0) return;
    const text = `${lines.join('\n')}\n`;
    lines = [];
    process.stdout.write(text);
  };
  process.once('exit', flush);
  return {
    write(line) {
      if (lines.push(line) === 1) setImmediate(flush);
    },
    flush,
  };
}
