// The part of better-sqlite3 12's API that lib/store uses. `@types/better-sqlite3` types
// rows per call site differently (`prepare<Params, Row>`); this declares the row type at
// `prepare` time, which is how every query here states the columns of its own SELECT.
declare module "better-sqlite3" {
  namespace Database {
    type BindValue = number | bigint | string | Buffer | Uint8Array | null;
    /** Positional values, or one object for `@name` parameters. */
    type BindArg = BindValue | Readonly<Record<string, BindValue>>;

    interface RunResult {
      changes: number;
      lastInsertRowid: number | bigint;
    }

    interface Statement<R = unknown> {
      readonly source: string;
      readonly reader: boolean;
      run(...params: readonly BindArg[]): RunResult;
      get(...params: readonly BindArg[]): R | undefined;
      all(...params: readonly BindArg[]): R[];
      iterate(...params: readonly BindArg[]): IterableIterator<R>;
      /** Rows as their first column's value; `R` is then that column's type. */
      pluck(toggle?: boolean): this;
      /** Rows as arrays of column values; `R` is then the tuple of the columns. */
      raw(toggle?: boolean): this;
    }

    interface Transaction<A extends unknown[], T> {
      (...args: A): T;
      deferred(...args: A): T;
      immediate(...args: A): T;
      exclusive(...args: A): T;
    }

    interface Options {
      readonly?: boolean;
      fileMustExist?: boolean;
      timeout?: number;
    }

    interface Database {
      readonly open: boolean;
      readonly inTransaction: boolean;
      readonly name: string;
      prepare<R = unknown>(sql: string): Statement<R>;
      exec(sql: string): this;
      pragma(source: string, options?: { simple?: boolean }): unknown;
      transaction<A extends unknown[], T>(fn: (...args: A) => T): Transaction<A, T>;
      close(): this;
    }
  }

  interface DatabaseConstructor {
    new (filename: string, options?: Database.Options): Database.Database;
    (filename: string, options?: Database.Options): Database.Database;
  }

  const Database: DatabaseConstructor;
  export = Database;
}
