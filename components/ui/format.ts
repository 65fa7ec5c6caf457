const bytesFmt = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });
const countFmt = new Intl.NumberFormat("en");

export function formatCount(n: number): string {
  return countFmt.format(n);
}

export function formatBytes(n: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${bytesFmt.format(v)} ${units[i]}`;
}
