/** Same shape as the server package's ReadinessReport (kept here to avoid a dependency cycle). */
export interface ReadinessReportLike {
  ready: boolean;
  checks: Record<string, string>;
}
