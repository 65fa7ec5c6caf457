import { z } from "zod";

/** What a saved view is called: short enough for the navigation. */
export const viewNameSchema = z
  .string()
  .trim()
  .min(1, { error: "must not be empty" })
  .max(80, { error: "at most 80 characters" });

/** A saved view as the API answers it (the list is only what the reader may see). */
export const savedViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** A path and query on this site, as the view's URL had it (checked like sign-in's `next`). */
  path: z.string().startsWith("/"),
  /** shared: every signed-in person sees it; otherwise only its owner. */
  shared: z.boolean(),
  owner: z.string(),
  /** Whether the reader may delete it (its owner, or an admin). */
  deletable: z.boolean(),
  createdMs: z.number(),
});
export type SavedView = z.infer<typeof savedViewSchema>;

export const savedViewListSchema = z.object({ views: z.array(savedViewSchema) });
export type SavedViewList = z.infer<typeof savedViewListSchema>;
