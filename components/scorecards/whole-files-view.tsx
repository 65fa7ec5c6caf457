"use client";

import { useState } from "react";
import { parseWholeFiles } from "@/lib/scorecards/file-blocks";
import { CodeFile } from "./code-file";
import { PlainText } from "./plain-text";

/** A whole_files reply: its FILE blocks as tabs, and whatever the model wrote around them. */
export function WholeFilesView({ content }: { content: string }) {
  const parsed = parseWholeFiles(content);
  const [open, setOpen] = useState(0);
  const file = parsed.files[open];
  if (parsed.files.length === 0) return <PlainText text={content} label="Reply content (no FILE block found)" />;
  return (
    <div className="flex flex-col gap-2">
      <div role="tablist" aria-label="Files in the reply" className="flex flex-wrap gap-1">
        {parsed.files.map((f, i) => (
          <button
            key={`${f.path}-${i}`}
            type="button"
            role="tab"
            aria-selected={i === open}
            className={`rounded-t-md border border-b-0 px-2 py-1 font-mono text-xs ${i === open ? "bg-zinc-100 font-medium dark:bg-zinc-800" : "border-transparent text-zinc-600"}`}
            onClick={() => setOpen(i)}
          >
            {f.path}
            {f.unterminated ? " (no END-FILE)" : ""}
          </button>
        ))}
      </div>
      {file ? (
        <div role="tabpanel" aria-label={file.path}>
          <CodeFile path={file.path} code={file.body} />
        </div>
      ) : null}
      {parsed.outside ? <PlainText text={parsed.outside} label="Text outside the FILE blocks" /> : null}
    </div>
  );
}
