/**
 * A log4j2 configuration (properties format) that writes everything at INFO and above to
 * `logFile`, so a broker never logs to the terminal it was started from.
 */
export function buildBrokerLog4j(logFile: string): string {
  return [
    'status = warn',
    'appender.file.type = File',
    'appender.file.name = file',
    `appender.file.fileName = ${logFile.replace(/\\/g, '/')}`,
    'appender.file.append = true',
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.file.ref = file',
    // The request log repeats every client call; warnings are what matter there.
    'logger.request.name = kafka.request.logger',
    'logger.request.level = WARN',
    '',
  ].join('\n');
}

/** A log4j2 configuration for command-line tools: only errors, on stderr, so stdout stays the tool's output. */
export function buildToolLog4j(): string {
  return [
    'status = error',
    'appender.stderr.type = Console',
    'appender.stderr.name = stderr',
    'appender.stderr.target = SYSTEM_ERR',
    'appender.stderr.layout.type = PatternLayout',
    'appender.stderr.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = ERROR',
    'rootLogger.appenderRef.stderr.ref = stderr',
    '',
  ].join('\n');
}
