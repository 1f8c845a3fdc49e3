/** Where a published event landed. */
export interface PublishResult {
  id: string;
  source: string;
  type: string;
  topic: string;
  partition: number;
  offset: string;
}
