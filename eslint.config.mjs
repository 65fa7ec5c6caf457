import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import nextPlugin from "@next/eslint-plugin-next";
import globals from "globals";

export default tseslint.config(
  { ignores: [".next/**", ".data/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "scripts/standalone/**"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ["**/*.{ts,tsx,mjs}"],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { "react-hooks": reactHooks, "@next/next": nextPlugin },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // A state-changing route must refuse cross-site and non-JSON requests (CSRF, issue 18):
    // the only way to export one is `export const POST = mutating(...)` (lib/auth/mutating.ts).
    files: ["app/**/route.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "ExportNamedDeclaration > FunctionDeclaration[id.name=/^(POST|PUT|PATCH|DELETE)$/]",
          message: "Export a state-changing handler as `export const METHOD = mutating(...)` (lib/auth/mutating.ts).",
        },
        {
          selector:
            "ExportNamedDeclaration > VariableDeclaration > VariableDeclarator[id.name=/^(POST|PUT|PATCH|DELETE)$/]:not([init.type='CallExpression'][init.callee.name='mutating'])",
          message: "A state-changing handler must be wrapped whole in mutating(...) (lib/auth/mutating.ts).",
        },
        {
          selector: "ExportSpecifier[exported.name=/^(POST|PUT|PATCH|DELETE)$/]",
          message: "Export a state-changing handler as `export const METHOD = mutating(...)` (lib/auth/mutating.ts).",
        },
      ],
    },
  },
  {
    // Playwright fixtures take `{}` and call `use`: neither is React's.
    files: ["e2e/**/*.ts"],
    rules: { "no-empty-pattern": "off", "react-hooks/rules-of-hooks": "off" },
  },
);
