/**
 * Maps `fn` over an async source with at most `concurrency` calls in flight and yields results in
 * source order. If the source throws (a malformed input line, say), every result already started is
 * yielded first and then the error is rethrown, so finished work is never lost.
 */
export async function* orderedMap<T, R>(
  source: AsyncIterable<T>,
  concurrency: number,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }

  const pending: Promise<R>[] = [];
  let sourceError: { error: unknown } | undefined;
  const iterator = source[Symbol.asyncIterator]();

  while (true) {
    while (sourceError === undefined && pending.length < concurrency) {
      let next: IteratorResult<T>;
      try {
        next = await iterator.next();
      } catch (error) {
        sourceError = { error };
        break;
      }
      if (next.done) break;
      const started = fn(next.value);
      // The rejection is observed when this promise reaches the head; this only silences the
      // "unhandled rejection" warning for the time it waits in the queue.
      started.catch(() => {});
      pending.push(started);
    }

    const head = pending.shift();
    if (head === undefined) break;
    yield await head;
  }

  if (sourceError !== undefined) throw sourceError.error;
}
