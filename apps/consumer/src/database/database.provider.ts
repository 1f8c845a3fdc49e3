import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import { Database } from '@streamline/kafka';

/** Injection token of the service's database (read model and processed event ids). */
export const DATABASE = Symbol('consumer:database');

/** Injects the service's database. */
export const InjectDatabase = (): ParameterDecorator => Inject(DATABASE);

/** Closes the database after the consumer runtime has stopped handling events. */
@Injectable()
export class DatabaseCloser implements OnApplicationShutdown {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}

/** Provides an opened database. */
export function databaseProvider(db: Database): Provider {
  return { provide: DATABASE, useValue: db };
}
