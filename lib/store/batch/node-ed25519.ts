import "server-only";
import { nativeEd25519Verify } from "./ed25519-native";

/** See ed25519-native.ts; this is the name server code imports. */
export const nodeEd25519Verify = nativeEd25519Verify;
