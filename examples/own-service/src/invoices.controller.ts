import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ProducerService, PublishResult } from '@streamline/kafka';
import { SchemaValidationError } from '@streamline/schemas';
import { InvoiceIssuedV1 } from './invoice-issued.v1';

@Controller('invoices')
export class InvoicesController {
  constructor(private readonly producer: ProducerService) {}

  /** Publishes `invoice.issued.v1`; the data is validated against InvoiceIssuedV1 before anything is sent. */
  @Post()
  @HttpCode(202)
  async issue(@Body() data: InvoiceIssuedV1): Promise<PublishResult> {
    try {
      return await this.producer.publish({ type: 'invoice.issued.v1', source: '/invoices-service', data });
    } catch (error) {
      if (error instanceof SchemaValidationError) throw new BadRequestException({ message: error.message, fields: error.fields });
      throw error;
    }
  }
}
