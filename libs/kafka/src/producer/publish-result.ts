/** Where a published event landed. */
export interface PublishResult {
  id: string;
  source: string;
  type: string;
  topic: string;
  partition: number;
  offset: string;
  /** True when this is a resubmission answered with the first publication's position. */
  duplicate?: boolean;
}
