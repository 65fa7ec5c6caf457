import { SignOutButton } from "./sign-out-button";

/** Who is signed in, and the way out. */
export function UserMenu({ user }: { user: { username: string; role: string } }) {
  return (
    <div className="flex items-center gap-2 text-xs">
      <span title={`signed in as ${user.username} (${user.role})`}>
        {user.username} <span className="text-zinc-500">· {user.role}</span>
      </span>
      <SignOutButton />
    </div>
  );
}
