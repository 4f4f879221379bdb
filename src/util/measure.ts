/** Runs `work` and reports its wall-clock start, its duration and whether it threw, however it ends. */
export async function measure<T>(
  work: () => Promise<T>,
  done: (start: Date, durationMs: number, failed: boolean) => void,
): Promise<T> {
  const start = new Date();
  const clock = performance.now();
  let failed = false;
  try {
    return await work();
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    done(start, performance.now() - clock, failed);
  }
}
