/** One pure transformation of a parsed JSON body, applied to both sides before they are compared. */
export interface Normaliser {
  readonly type: string;
  /** Shown in the report's comparison settings. */
  describe(): string;
  apply(body: unknown): unknown;
}
