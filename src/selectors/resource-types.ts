/**
 * The documented CloudTrail data-event resource types: the values `resources.type` takes in an advanced event selector.
 *
 * Source: AWS CloudTrail User Guide, "Understanding CloudTrail events" → "Data events", table "Data events supported by
 * AWS CloudTrail", column "resources.type value":
 *   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-events.html
 * (the same table is on "Logging data events",
 *   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html).
 * Read on 2026-12-04, from stored copies of that page's source (not the live page). Two revisions were found: an
 * earlier one with 176 rows (the "175" of aws-facts §4 is that revision, give or take one) and a later one with 250
 * rows that holds all 176 and 74 more. This table is the later revision: 250 types, each copied from the table, none
 * added from anywhere else. AWS adds types often, so a value missing here is only a warning.
 *
 * Spelled as AWS's table spells them, including `AWS::Quicksight::ActionConnector` next to `AWS::QuickSight::Flow`
 * (the table writes that service both ways; see `AMBIGUOUS_CASE_SERVICES`).
 */

/** The date the table below was read from AWS's documentation. */
export const DATA_RESOURCE_TYPES_AS_OF = '2026-12-04';

export const DATA_RESOURCE_TYPES: readonly string[] = [
  'AWS::AgentAccessMCP::Tools', 'AWS::AgentRegistry::Registry', 'AWS::AIDevOps::AgentSpace',
  'AWS::AIDevOps::Association', 'AWS::AIDevOps::OperatorAppTeam', 'AWS::AIDevOps::PipelineMetadata',
  'AWS::AIDevOps::Service', 'AWS::AIOps::InvestigationGroup', 'AWS::AOSS::Collection',
  'AWS::AppConfig::Configuration', 'AWS::ApplicationSignals::InstrumentationConfig', 'AWS::AppSync::GraphQLApi',
  'AWS::AWSExternalAnthropic::Workspace', 'AWS::B2BI::Transformer', 'AWS::Backup::BackupAccessPoint',
  'AWS::Backup::SearchJob', 'AWS::Bedrock::AdvancedOptimizePromptJob', 'AWS::Bedrock::AgentAlias',
  'AWS::Bedrock::AsyncInvoke', 'AWS::Bedrock::AutomatedReasoningPolicy',
  'AWS::Bedrock::AutomatedReasoningPolicyVersion', 'AWS::Bedrock::Blueprint',
  'AWS::Bedrock::DataAutomationInvocation', 'AWS::Bedrock::DataAutomationProfile',
  'AWS::Bedrock::DataAutomationProject', 'AWS::Bedrock::FlowAlias', 'AWS::Bedrock::FlowExecution',
  'AWS::Bedrock::Guardrail', 'AWS::Bedrock::InlineAgent', 'AWS::Bedrock::KnowledgeBase', 'AWS::Bedrock::Model',
  'AWS::Bedrock::PromptVersion', 'AWS::Bedrock::Session', 'AWS::Bedrock::Tool', 'AWS::BedrockAgentCore::ABTest',
  'AWS::BedrockAgentCore::APIKeyCredentialProvider', 'AWS::BedrockAgentCore::BatchEvaluate',
  'AWS::BedrockAgentCore::Browser', 'AWS::BedrockAgentCore::BrowserCustom', 'AWS::BedrockAgentCore::BrowserProfile',
  'AWS::BedrockAgentCore::CapacityProvider', 'AWS::BedrockAgentCore::CodeInterpreter',
  'AWS::BedrockAgentCore::CodeInterpreterCustom', 'AWS::BedrockAgentCore::Evaluator',
  'AWS::BedrockAgentCore::Gateway', 'AWS::BedrockAgentCore::Memory',
  'AWS::BedrockAgentCore::OAuth2CredentialProvider', 'AWS::BedrockAgentCore::Payments',
  'AWS::BedrockAgentCore::Policy', 'AWS::BedrockAgentCore::PolicyEngine', 'AWS::BedrockAgentCore::Recommendation',
  'AWS::BedrockAgentCore::Registry', 'AWS::BedrockAgentCore::Runtime', 'AWS::BedrockAgentCore::RuntimeEndpoint',
  'AWS::BedrockAgentCore::TokenVault', 'AWS::BedrockAgentCore::WorkloadIdentity',
  'AWS::BedrockAgentCore::WorkloadIdentityDirectory', 'AWS::BedrockMantle::Project', 'AWS::BedrockWebSearch::Tool',
  'AWS::Cassandra::Stream', 'AWS::Cassandra::Table', 'AWS::CertificateManager::AcmeEndpoint',
  'AWS::ClinicalTrialsTech::Codelist', 'AWS::ClinicalTrialsTech::Dataset', 'AWS::ClinicalTrialsTech::Execution',
  'AWS::ClinicalTrialsTech::Instance', 'AWS::ClinicalTrialsTech::Mapping', 'AWS::ClinicalTrialsTech::Schedule',
  'AWS::ClinicalTrialsTech::Study', 'AWS::CloudFront::KeyValueStore', 'AWS::CloudOptimization::Profile',
  'AWS::CloudOptimization::Recommendation', 'AWS::CloudTrail::Channel', 'AWS::CloudWatch::Dataset',
  'AWS::CloudWatch::IngestionEndpoint', 'AWS::CloudWatch::Metric', 'AWS::CodeGuruProfiler::ProfilingGroup',
  'AWS::CodeWhisperer::Customization', 'AWS::CodeWhisperer::Profile', 'AWS::Cognito::IdentityPool',
  'AWS::DataExchange::Asset', 'AWS::Deadline::Fleet', 'AWS::Deadline::Job', 'AWS::Deadline::Queue',
  'AWS::Deadline::Worker', 'AWS::DiodeAlerting::LinkedAlert', 'AWS::DSQL::Cluster', 'AWS::DynamoDB::Stream',
  'AWS::DynamoDB::Table', 'AWS::EC2::InstanceConnectEndpoint', 'AWS::EC2::Snapshot', 'AWS::ECS::ContainerInstance',
  'AWS::EKS::Dashboard', 'AWS::EMRWAL::Workspace', 'AWS::Events::Endpoint', 'AWS::Events::EventBus',
  'AWS::Events::EventSource', 'AWS::Events::Rule', 'AWS::FinSpace::Environment', 'AWS::FSx::Volume',
  'AWS::GameLiftStreams::Application', 'AWS::GameLiftStreams::StreamGroup', 'AWS::GeoMaps::Provider',
  'AWS::GeoPlaces::Provider', 'AWS::GeoRoutes::Provider', 'AWS::Glue::Table', 'AWS::GreengrassV2::ComponentVersion',
  'AWS::GreengrassV2::Deployment', 'AWS::GuardDuty::Detector', 'AWS::GuardDuty::MalwareScan',
  'AWS::HealthAgent::Domain', 'AWS::HealthAgent::Integration', 'AWS::HealthAgent::PatientInsightsJob',
  'AWS::HealthAgent::Session', 'AWS::HealthAgent::Subscription', 'AWS::HealthLake::DataTransformationProfile',
  'AWS::IoT::Certificate', 'AWS::IoT::Thing', 'AWS::IoT::Tunnel', 'AWS::IoTSiteWise::Asset',
  'AWS::IoTSiteWise::Dataset', 'AWS::IoTSiteWise::Pipeline', 'AWS::IoTSiteWise::TimeSeries',
  'AWS::IoTSiteWise::Workspace', 'AWS::IoTTwinMaker::Entity', 'AWS::IoTTwinMaker::Workspace',
  'AWS::KendraRanking::ExecutionPlan', 'AWS::Kinesis::Stream', 'AWS::Kinesis::StreamConsumer',
  'AWS::KinesisFirehose::DeliveryStream', 'AWS::KinesisVideo::SignalingChannel', 'AWS::KinesisVideo::Stream',
  'AWS::Lambda::Function', 'AWS::Lambda::MicrovmImage', 'AWS::Lex::Bot', 'AWS::Lex::BotAlias',
  'AWS::Logs::LogGroupAuthorization', 'AWS::Logs::ScheduledQuery', 'AWS::MachineLearning::MlModel',
  'AWS::ManagedBlockchain::Network', 'AWS::ManagedBlockchain::Node', 'AWS::ManagedBlockchainQuery::QueryAPI',
  'AWS::MedicalImaging::Datastore', 'AWS::MedicalImaging::Imageset', 'AWS::MWAA::Environment',
  'AWS::NeptuneGraph::Graph', 'AWS::NetworkFlowMonitor::Monitor', 'AWS::NetworkFlowMonitor::Scope',
  'AWS::NovaAct::WorkflowDefinition', 'AWS::NovaAct::WorkflowRun', 'AWS::One::UKey', 'AWS::One::User',
  'AWS::PaymentCryptography::Alias', 'AWS::PaymentCryptography::Key', 'AWS::PCAConnectorAD::Connector',
  'AWS::PCAConnectorSCEP::Connector', 'AWS::Pinpoint::App', 'AWS::QApps::QApp', 'AWS::QApps::QAppSession',
  'AWS::QBusiness::Application', 'AWS::QBusiness::DataSource', 'AWS::QBusiness::Index', 'AWS::QBusiness::Integration',
  'AWS::QBusiness::WebExperience', 'AWS::QDeveloper::Integration', 'AWS::Quicksight::ActionConnector',
  'AWS::QuickSight::App', 'AWS::QuickSight::Automation', 'AWS::QuickSight::AutomationJob',
  'AWS::QuickSight::Extension', 'AWS::QuickSight::ExtensionAccess', 'AWS::QuickSight::Flow',
  'AWS::QuickSight::FlowSession', 'AWS::QuickSight::Page', 'AWS::QuickSight::Task', 'AWS::RDS::DBCluster',
  'AWS::Redshift::Cluster', 'AWS::ResourceExplorer2::ManagedView', 'AWS::ResourceExplorer2::View',
  'AWS::RUM::AppMonitor', 'AWS::S3::AccessPoint', 'AWS::S3::Object', 'AWS::S3Express::AccessPoint',
  'AWS::S3Express::Object', 'AWS::S3ObjectLambda::AccessPoint', 'AWS::S3Outposts::Object', 'AWS::S3Tables::Table',
  'AWS::S3Tables::TableBucket', 'AWS::S3Vectors::Index', 'AWS::S3Vectors::VectorBucket', 'AWS::SageMaker::Endpoint',
  'AWS::SageMaker::ExperimentTrialComponent', 'AWS::SageMaker::FeatureGroup', 'AWS::SageMaker::Hub',
  'AWS::SageMaker::Job', 'AWS::SageMaker::MlflowApp', 'AWS::SageMaker::MlflowTrackingServer',
  'AWS::SageMaker::TrainingSession', 'AWS::SCN::BusinessRule', 'AWS::SCN::DataLakeException',
  'AWS::SCN::ExceptionInvestigation', 'AWS::SCN::ExceptionRule', 'AWS::SCN::Instance', 'AWS::SCN::Metric',
  'AWS::SCN::MetricEvaluation', 'AWS::SCN::Outcome', 'AWS::SCN::OutcomeTemplate', 'AWS::SDB::Domain',
  'AWS::ServiceDiscovery::Namespace', 'AWS::ServiceDiscovery::Service', 'AWS::SES::ConfigurationSet',
  'AWS::SES::EmailIdentity', 'AWS::SES::Template', 'AWS::Signer::SigningJob', 'AWS::Signer::SigningProfile',
  'AWS::SitewiseAssistant::Conversation', 'AWS::SMSVoice::CarrierLookup', 'AWS::SMSVoice::ConfigurationSet',
  'AWS::SMSVoice::Message', 'AWS::SMSVoice::NotifyConfiguration', 'AWS::SMSVoice::OriginationIdentity',
  'AWS::SNS::PlatformEndpoint', 'AWS::SNS::Topic', 'AWS::SocialMessaging::PhoneNumberId',
  'AWS::SocialMessaging::WabaId', 'AWS::SQS::Queue', 'AWS::SSM::ExecutionPreview', 'AWS::SSM::ManagedNode',
  'AWS::SSMMessages::ControlChannel', 'AWS::StepFunctions::Activity', 'AWS::StepFunctions::StateMachine',
  'AWS::SupportAccess::Tenant', 'AWS::SupportAccess::TrustingAccount', 'AWS::SupportAccess::TrustingRole',
  'AWS::SWF::Domain', 'AWS::ThinClient::Device', 'AWS::ThinClient::Environment', 'AWS::Timestream::Database',
  'AWS::Timestream::RegionalEndpoint', 'AWS::Timestream::Table', 'AWS::Transform::AgentInstance',
  'AWS::Transform::Profile', 'AWS::TransformCustom::Campaign', 'AWS::TransformCustom::Conversation',
  'AWS::TransformCustom::KnowledgeItem', 'AWS::TransformCustom::Package', 'AWS::UXC::AccountCustomization',
  'AWS::VerifiedPermissions::PolicyStore', 'AWS::WellArchitected::AgentRecommendation', 'AWS::XRay::Trace',
];

const byLower = new Map<string, string>(DATA_RESOURCE_TYPES.map((t) => [t.toLowerCase(), t]));

/** Services whose name AWS's table writes with more than one capitalization (lower-cased): `quicksight`. */
export const AMBIGUOUS_CASE_SERVICES: ReadonlySet<string> = (() => {
  const spellings = new Map<string, Set<string>>();
  for (const t of DATA_RESOURCE_TYPES) {
    const service = t.split('::')[1];
    const set = spellings.get(service.toLowerCase()) ?? new Set<string>();
    set.add(service);
    spellings.set(service.toLowerCase(), set);
  }
  return new Set([...spellings].filter(([, s]) => s.size > 1).map(([k]) => k));
})();

export type ResourceTypeCheck =
  | { kind: 'documented' }
  /** Matches a documented type only when case is ignored; `ambiguous` when AWS's table itself spells the service two ways. */
  | { kind: 'case'; documented: string; ambiguous: boolean }
  | { kind: 'unknown' };

/** Is `value` a documented data resource type, one in the wrong case, or neither? */
export function checkResourceType(value: string): ResourceTypeCheck {
  const documented = byLower.get(value.toLowerCase());
  if (documented === undefined) return { kind: 'unknown' };
  if (documented === value) return { kind: 'documented' };
  const service = documented.split('::')[1].toLowerCase();
  return { kind: 'case', documented, ambiguous: AMBIGUOUS_CASE_SERVICES.has(service) };
}
