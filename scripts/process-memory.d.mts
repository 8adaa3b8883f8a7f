export interface ProfileRss {
  page: number;
  storage: number;
  browser: number;
  gpu: number;
}
export function profileRss(profile: string): ProfileRss;
export function sampleProfileRss(profile: string, everyMs?: number): { stop(): { peak: ProfileRss; series: [number, number][] } };
export function thinSeries(series: [number, number][], points?: number): [number, number][];
