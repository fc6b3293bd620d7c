/** A grouped bar chart: one group per x label, one bar per series. */
export interface Chart {
  title: string;
  unit: string;
  groups: string[];
  series: Array<{ name: string; values: number[] }>;
}

const COLORS = ['#2f6fde', '#e0822b', '#3a9d5d', '#b84a9e', '#7a7a7a'];
const WIDTH = 640;
const HEIGHT = 260;
const MARGIN = { top: 34, right: 16, bottom: 58, left: 64 };

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((m) => m >= value) ?? value;
}

function chartSvg(chart: Chart, offsetY: number): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const max = niceMax(Math.max(...chart.series.flatMap((s) => s.values.filter(Number.isFinite))));
  const groupW = plotW / Math.max(1, chart.groups.length);
  const barW = (groupW * 0.8) / Math.max(1, chart.series.length);
  const parts = [`<g transform="translate(0,${offsetY})">`, `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-weight="bold">${escape(chart.title)}</text>`];
  for (let i = 0; i <= 4; i++) {
    const y = MARGIN.top + plotH - (plotH * i) / 4;
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y + 4}" text-anchor="end" font-size="11">${+((max * i) / 4).toPrecision(3)}</text>`);
  }
  parts.push(`<text transform="translate(14,${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="11">${escape(chart.unit)}</text>`);
  chart.groups.forEach((group, g) => {
    const x0 = MARGIN.left + g * groupW + groupW * 0.1;
    chart.series.forEach((series, s) => {
      const value = series.values[g] ?? Number.NaN;
      if (!Number.isFinite(value)) return;
      const h = (plotH * value) / max;
      const x = x0 + s * barW;
      parts.push(`<rect x="${x.toFixed(1)}" y="${(MARGIN.top + plotH - h).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[s % COLORS.length]}"><title>${escape(`${series.name} ${group}: ${value}`)}</title></rect>`);
    });
    parts.push(`<text x="${x0 + groupW * 0.4}" y="${MARGIN.top + plotH + 16}" text-anchor="middle" font-size="11">${escape(group)}</text>`);
  });
  chart.series.forEach((series, s) => {
    const x = MARGIN.left + s * 130;
    const y = HEIGHT - 14;
    parts.push(`<rect x="${x}" y="${y - 10}" width="12" height="12" fill="${COLORS[s % COLORS.length]}"/><text x="${x + 16}" y="${y}" font-size="11">${escape(series.name)}</text>`);
  });
  parts.push('</g>');
  return parts.join('\n');
}

/** Several charts stacked in one SVG document. */
export function renderSvg(charts: Chart[]): string {
  const height = HEIGHT * charts.length;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...charts.map((chart, i) => chartSvg(chart, i * HEIGHT)),
    '</svg>',
  ].join('\n');
}
