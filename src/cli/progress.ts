/** A progress bar on stderr, drawn only when stderr is a terminal. */
export function progressBar(total: number, label: string): { tick(done: number): void; end(): void } {
  const tty = process.stderr.isTTY && total >= 200;
  let last = -1;
  const draw = (done: number): void => {
    const pct = Math.floor((100 * done) / Math.max(total, 1));
    if (pct === last) return;
    last = pct;
    const width = 30;
    const full = Math.round((width * pct) / 100);
    process.stderr.write(`\r${label} [${"#".repeat(full)}${"-".repeat(width - full)}] ${pct}% ${done}/${total}`);
  };
  return {
    tick: (done) => tty && draw(done),
    end: () => {
      if (tty) process.stderr.write("\n");
    },
  };
}
