"use client";

import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { OKABE_ITO } from "../ui/palette";
import { formatTime } from "../ui/time-zone";
import { pct } from "./format-rate";

export interface TrendPoint {
  t: number;
  value: number | null;
  band: (number | null)[];
  n: number;
  drift: boolean;
}

/** One model's rate over time with its 95% band; drifts as diamonds. */
export function TrendChart({ data, figure, tz }: { data: TrendPoint[]; figure: string; tz: "utc" | "local" }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
        <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(t: number) => formatTime(t, tz, false).slice(5, 16)} fontSize={10} />
        <YAxis domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} fontSize={10} />
        <Tooltip
          labelFormatter={(t) => (typeof t === "number" ? formatTime(t, tz, false) : "")}
          formatter={(v, name) => (name === "band" && Array.isArray(v) ? `${pct(Number(v[0]))}–${pct(Number(v[1]))}` : pct(typeof v === "number" ? v : null))}
        />
        <Area dataKey="band" stroke="none" fill={OKABE_ITO.skyBlue} fillOpacity={0.3} isAnimationActive={false} name="95% interval" />
        <Line
          dataKey="value"
          stroke={OKABE_ITO.blue}
          strokeWidth={2}
          isAnimationActive={false}
          name={figure}
          dot={(props: { cx?: number; cy?: number; index?: number }) => {
            const d = props.index === undefined ? undefined : data[props.index];
            if (props.cx === undefined || props.cy === undefined) return <g key={props.index} />;
            return d?.drift ? (
              <path key={props.index} d={`M ${props.cx} ${props.cy - 6} l 6 6 l -6 6 l -6 -6 z`} fill={OKABE_ITO.vermillion}>
                <title>shape drift: outside the previous bucket&apos;s interval</title>
              </path>
            ) : (
              <circle key={props.index} cx={props.cx} cy={props.cy} r={2.5} fill={OKABE_ITO.blue} />
            );
          }}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
