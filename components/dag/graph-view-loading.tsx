export function GraphViewLoading() {
  return (
    <p role="status" aria-label="Loading the graph view" className="py-8 text-center text-sm text-zinc-500">
      Loading the graph view…
    </p>
  );
}
