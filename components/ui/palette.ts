/**
 * Okabe–Ito colours: distinguishable with every common colour-vision deficiency. Colour is
 * never the only signal: every badge also carries an icon and a label.
 */
export const OKABE_ITO = {
  blue: "#0072B2",
  skyBlue: "#56B4E9",
  green: "#009E73",
  orange: "#E69F00",
  vermillion: "#D55E00",
  purple: "#CC79A7",
  yellow: "#F0E442",
  grey: "#8C8C8C",
} as const;
export type PaletteColor = keyof typeof OKABE_ITO;
