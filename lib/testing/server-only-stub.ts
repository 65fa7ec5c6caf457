// Empty stand-in for `server-only` under Vitest, where no React Server bundle exists.
export {};
