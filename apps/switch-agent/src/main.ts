import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { SwitchCommandSchema, type TopicNames } from '@lightpath/contracts';
import { isTransientKafkaError, MESSAGING_DEFAULTS, MessagingService } from '@lightpath/messaging';
import { createLogger, exitOnStartupFailure, installLastResortHandlers, loadConfig, type Logger } from '@lightpath/observability';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { AgentModule } from './agent.module';
import { TOPICS } from './agent.tokens';
import { AgentConfigSchema } from './config/agent.config';
import { AgentReadiness } from './health/agent-readiness';
import { AgentMetrics } from './reporting/agent-metrics';
import { ReporterService } from './reporting/reporter.service';

/**
 * Switch agent: serves one or several switches. Order matters: command topics exist and the
 * consumer has joined before the agent registers, so no command sent after registration is missed.
 */
/** Set once the logger exists, so a failed start is reported as a JSON line by it. */
let startupLogger: Logger | undefined;

async function bootstrap(): Promise<void> {
  const config = loadConfig(AgentConfigSchema, process.env, 'switch-agent');
  const logger = createLogger('switch-agent', config.LOG_LEVEL);
  startupLogger = logger;
  installLastResortHandlers(logger, { recoverable: isTransientKafkaError });
  const app = await NestFactory.create(AgentModule.forRoot(config, logger), { bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  app.enableShutdownHooks();

  const messaging = app.get(MessagingService);
  const topics = app.get<TopicNames>(TOPICS);
  const commandTopics = config.AGENT_SWITCHES.map((id) => topics.commands(id));
  await messaging.ensureTopics([
    ...commandTopics.map((topic) => ({ topic, partitions: MESSAGING_DEFAULTS.commandPartitions })),
    { topic: topics.events, partitions: MESSAGING_DEFAULTS.eventsPartitions },
    { topic: topics.deadLetters, partitions: MESSAGING_DEFAULTS.deadLetterPartitions },
  ]);

  // A group of this incarnation's own, starting where the previous one committed: a restart after
  // kill -9 does not wait out the dead member's session (kafkajs has no static membership).
  const group = await messaging.incarnationGroup(`lightpath-agent-${config.KAFKA_TOPIC_PREFIX}-${config.AGENT_ID}`, commandTopics);
  const metrics = app.get(AgentMetrics);
  const server = messaging.eventServer({
    // One group per agent, fabric and incarnation: each agent reads exactly its own switches'
    // topics, and two fabrics (or test runs) sharing a Kafka cluster never share a group, whose
    // rebalances would stall each other's commands for up to a session timeout. On SIGTERM the
    // consumer leaves it (enableShutdownHooks closes the transport).
    groupId: group.groupId,
    topics: commandTopics,
    schema: SwitchCommandSchema,
    deadLetterTopic: topics.deadLetters,
    logger,
    fromBeginning: true,
    // One partition per switch: every switch's commands can be in flight at once (mirror waits overlap).
    partitionsConsumedConcurrently: commandTopics.length,
    onOutcome: (outcome) => metrics.messages.inc({ outcome }),
  });
  app.connectMicroservice({ strategy: server });
  app.get(AgentReadiness).watchConsumer(() => server.consumerStatus());
  await app.startAllMicroservices();
  await app.listen(config.AGENT_HTTP_PORT, config.AGENT_HTTP_HOST);
  await app.get(ReporterService).start();
  group.retireOlder(logger);
  logger.info(
    { agentId: config.AGENT_ID, switches: config.AGENT_SWITCHES.length, admin: await app.getUrl() },
    'switch agent ready',
  );
}

bootstrap().catch((err: unknown) => exitOnStartupFailure('switch-agent', err, startupLogger));
