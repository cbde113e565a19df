import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { appDataSourceOptions } from './data-source.js';
import { Database } from './database.js';

/** The application-role connection for the whole process; features register their entities. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(applicationName: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...appDataSourceOptions(applicationName), autoLoadEntities: true }),
        }),
      ],
      providers: [Database],
      exports: [Database],
    };
  }
}
