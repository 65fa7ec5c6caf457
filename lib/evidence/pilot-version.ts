import { z } from "zod";
import pkg from "@/package.json";

/** Pilot's name and version as package.json states them, for a bundle's manifest. */
export const PILOT_VERSION = z.object({ name: z.string(), version: z.string() }).parse(pkg);
