/** Saves a Blob under `name` through a temporary object URL (the browser's download). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own reference once started.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
