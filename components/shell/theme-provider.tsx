"use client";

import { ThemeProvider } from "next-themes";
import type { ReactNode } from "react";

/** Dark mode on every page, sign-in included: follows the system, switchable, remembered. */
export function Theme({ children, nonce }: { children: ReactNode; nonce?: string }) {
  return (
    // The theme script runs before paint, so it needs the page's CSP nonce.
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange nonce={nonce}>
      {children}
    </ThemeProvider>
  );
}
