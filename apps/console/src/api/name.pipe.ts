import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { NAME } from './requests';

/** A topic or group name in a path; anything else (a leading `-` above all) is a 400. */
@Injectable()
export class NamePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!NAME.test(value))
      throw new BadRequestException({ error: `"${value}" is not a topic or group name`, fields: [{ field: 'name', message: 'letters, digits, . _ -' }] });
    return value;
  }
}
