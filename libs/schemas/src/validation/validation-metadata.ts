import type { MetadataStorage } from 'class-validator';

/** One rule class-validator holds for a property, typed through its public metadata storage. */
export type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
