import { OKABE_ITO, type PaletteColor } from "./palette";

export interface BadgeLook {
  label: string;
  icon: string;
  color: PaletteColor;
}

/** A status as icon + label + colour, readable without colour and in dark mode. */
export function Badge({ look, title }: { look: BadgeLook; title?: string }) {
  const color = OKABE_ITO[look.color];
  return (
    <span
      title={title ?? look.label}
      className="inline-flex items-center gap-1 whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-medium"
      style={{ borderColor: color, color: "inherit", backgroundColor: `${color}22` }}
    >
      <span aria-hidden style={{ color }}>
        {look.icon}
      </span>
      {look.label}
    </span>
  );
}
