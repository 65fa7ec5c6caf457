/**
 * The manager (or client) with one `consumers` method answering as a cluster in trouble
 * does (a leaderless consumer's info, a delete that does not get through); every other call
 * goes to the real server.
 */
export function withConsumersMethod<T extends { consumers: object }>(
  real: T,
  method: keyof T["consumers"] & string,
  answer: (...args: never[]) => Promise<unknown>,
): T {
  const bound = <T extends object>(target: T, prop: string | symbol): unknown => {
    const value: unknown = Reflect.get(target, prop);
    return typeof value === "function" ? value.bind(target) : value;
  };
  const consumers = new Proxy(real.consumers, {
    get: (target, prop) => (prop === method ? answer : bound(target, prop)),
  });
  return new Proxy(real, { get: (target, prop) => (prop === "consumers" ? consumers : bound(target, prop)) });
}
