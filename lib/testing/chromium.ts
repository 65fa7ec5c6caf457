/**
 * How every test, benchmark and the soak start Chromium: Debian's (never a downloaded
 * one), with flags that keep it off the closed network and stop it loading its own pages
 * beside ours (the omnibox popup's WebUI, a few hundred chrome:// files, appeared during
 * page loads of the DAG benchmark and took a core of a two-core machine).
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,PreloadTopChromeWebUI",
];

export function chromiumLaunchOptions(): { executablePath: string; args: string[] } {
  return { executablePath: process.env.PILOT_CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS };
}
