import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** Kafka topic and group names as Kafka allows them; never starting with `-`, so never read as a flag. */
export const NAME = /^[A-Za-z0-9._][A-Za-z0-9._-]{0,248}$/;
const name = (field: string) => Matches(NAME, { message: `${field} must be a topic or group name (letters, digits, . _ -)` });
const POSITION = /^[A-Za-z0-9:.,+\-_ ]{1,200}$/;
const position = (field: string) => Matches(POSITION, { message: `${field} must be a position as the command line takes it` });
const list = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value);

/** `POST /api/dlq/:topic/redrive`: the filters of `streamline dlq redrive`, and whether to send. */
export class RedriveRequest {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[a-z-]{1,40}$/, { each: true, message: 'reason must be dead-letter reasons such as handler-failed' })
  reason?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^(-|[A-Za-z0-9._-]{1,200})$/, { each: true, message: 'type must be event types such as order.placed.v1, or -' })
  type?: string[];

  /** Dead letters picked one by one, `partition@offset` in the dead-letter topic. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @Matches(/^\d{1,10}@\d{1,19}$/, { each: true, message: 'at must be positions partition@offset, e.g. 0@12' })
  at?: string[];

  /** True sends; false (the default) only counts what would be sent. */
  @IsOptional()
  @IsBoolean({ message: 'execute must be true or false' })
  execute?: boolean;
}

/** `POST /api/replay/group`: `streamline replay group <group> --topic … --to …`. */
export class ReplayGroupRequest {
  @name('group')
  group!: string;

  @name('topic')
  topic!: string;

  /** An ISO time, a duration ago (15m), earliest, latest, offsets per partition (0:120,3:80) or shift:-N. */
  @position('to')
  to!: string;

  @IsOptional()
  @IsBoolean({ message: 'execute must be true or false' })
  execute?: boolean;
}

/** `POST /api/replay/copy`: `streamline replay copy --from … --to … [--since] [--until]`. */
export class ReplayCopyRequest {
  @name('from')
  from!: string;

  @name('to')
  to!: string;

  @IsOptional()
  @position('since')
  since?: string;

  @IsOptional()
  @position('until')
  until?: string;

  @IsOptional()
  @IsBoolean({ message: 'execute must be true or false' })
  execute?: boolean;
}

/** `GET /api/topics/:topic/messages`: filters of `streamline tail`. */
export class BrowseQuery {
  /** beginning, end, an ISO time, a duration ago or offsets per partition (3:120); default beginning. */
  @IsOptional()
  @position('from')
  from?: string;

  @IsOptional()
  @Transform(list)
  @IsArray()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, { each: true, message: 'type must be event types such as order.placed.v1' })
  type?: string[];

  @IsOptional()
  @Transform(list)
  @IsArray()
  @IsString({ each: true })
  key?: string[];

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? Number(value) : value))
  @IsInt({ message: 'limit must be an integer from 1 to 1000' })
  @Min(1, { message: 'limit must be an integer from 1 to 1000' })
  @Max(1000, { message: 'limit must be an integer from 1 to 1000' })
  limit?: number;
}
