"use client";

import { Highlight, themes } from "prism-react-renderer";
import { useTheme } from "next-themes";
import { VirtualLines } from "./virtual-lines";

const BY_EXTENSION: Record<string, string> = {
  rs: "rust",
  ts: "typescript",
  tsx: "tsx",
  js: "javascript",
  mjs: "javascript",
  jsx: "jsx",
  py: "python",
  go: "go",
  json: "json",
  md: "markdown",
  yaml: "yaml",
  yml: "yaml",
  toml: "plain",
  sql: "sql",
  c: "c",
  h: "c",
  cpp: "cpp",
  kt: "kotlin",
  swift: "swift",
  css: "css",
  html: "markup",
};

export function languageOf(path: string): string {
  return BY_EXTENSION[path.split(".").pop()?.toLowerCase() ?? ""] ?? "plain";
}

/** A source file, syntax-highlighted (Prism, as React elements: no HTML injection), lines virtualized. */
export function CodeFile({ path, code }: { path: string; code: string }) {
  const { resolvedTheme } = useTheme();
  return (
    <Highlight code={code} language={languageOf(path)} theme={resolvedTheme === "dark" ? themes.vsDark : themes.github}>
      {({ tokens, getTokenProps }) => (
        <VirtualLines
          label={`File ${path}`}
          count={tokens.length}
          line={(i) => (tokens[i] ?? []).map((t, k) => <span key={k} {...getTokenProps({ token: t })} />)}
        />
      )}
    </Highlight>
  );
}
