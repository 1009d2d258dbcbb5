/** Counts turns of the event loop (setImmediate callbacks) until stopped. */
export function loopTurns() {
  let turns = 0;
  let running = true;
  const tick = () => {
    turns++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    get turns() {
      return turns;
    },
    stop() {
      running = false;
    },
  };
}

/** `work`'s result, and how many times the event loop turned while it ran. */
export async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  const counter = loopTurns();
  try {
    const result = await work();
    return { result, turns: counter.turns };
  } finally {
    counter.stop();
  }
}
