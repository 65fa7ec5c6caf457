/** Who is signed in, and the way out. A plain form: signing out works without JavaScript. */
export function UserMenu({ user }: { user: { username: string; role: string } }) {
  return (
    <form action="/api/auth/signout" method="post" className="flex items-center gap-2 text-xs">
      <span title={`signed in as ${user.username} (${user.role})`}>
        {user.username} <span className="text-zinc-500">· {user.role}</span>
      </span>
      <button type="submit" className="rounded-md border border-zinc-300 px-2 py-1 dark:border-zinc-700">
        Sign out
      </button>
    </form>
  );
}
