import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Where one accepted event landed. */
export class PublishedEventDto {
  @ApiProperty({ example: '7b1d4c1e-0d1f-4a57-9a55-1f7c2b3c4d5e' })
  id!: string;

  @ApiProperty({ example: 'orders' })
  topic!: string;

  @ApiProperty({ example: 3 })
  partition!: number;

  @ApiProperty({ example: '42', description: 'Kafka offset, a decimal string (64-bit).' })
  offset!: string;
}

/** One event of an accepted batch. */
export class PublishedBatchItemDto extends PublishedEventDto {
  @ApiProperty({ example: '/checkout' })
  source!: string;

  @ApiPropertyOptional({ description: 'True when this event was published before (same source and id) and this is its first position.' })
  duplicate?: boolean;
}

/** The answer to an accepted batch, in request order. */
export class PublishedBatchDto {
  @ApiProperty({ type: [PublishedBatchItemDto] })
  events!: PublishedBatchItemDto[];
}

/** One invalid field. */
export class FieldErrorDto {
  @ApiProperty({ example: '[3].data.orderId', description: 'Path of the field; in a batch it starts with the event index.' })
  field!: string;

  @ApiProperty({ example: ['data.orderId must be a UUID'] })
  messages!: string[];
}

/** Why a request was refused: RFC 9457 problem details, served as `application/problem+json`. */
export class ErrorDto {
  @ApiProperty({ example: 'about:blank', description: 'Problem type; `about:blank`: the status says it all.' })
  type!: string;

  @ApiProperty({ example: 'Bad Request', description: "The status code's phrase." })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'invalid event: data.orderId', description: 'What was wrong with this request.' })
  detail!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  fields?: FieldErrorDto[];
}
