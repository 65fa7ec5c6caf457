import { JetStreamApiError } from "@nats-io/jetstream";

/**
 * What a nats-server 2.9 cluster answers about a consumer whose replicas elected no leader
 * (JSClusterNotAvailErr), while its stream still answers.
 */
export function answerLeaderless(): Promise<never> {
  return Promise.reject(new JetStreamApiError({ err_code: 10008, code: 503, description: "JetStream system temporarily unavailable" }));
}

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
