export interface LoadOptions {
  cameras: number;
  durationMs: number;
  hubs: number;
  seed: number;
  keepDir: boolean;
}

export async function runLoad(_o: LoadOptions): Promise<Record<string, unknown>> {
  throw new Error('load run: not written yet');
}
