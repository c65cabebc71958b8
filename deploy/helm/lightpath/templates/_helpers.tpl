{{- define "lightpath.name" -}}lightpath{{- end -}}

{{- define "lightpath.fullname" -}}
{{- if contains "lightpath" .Release.Name -}}{{ .Release.Name | trunc 50 | trimSuffix "-" }}{{- else -}}{{ printf "%s-lightpath" .Release.Name | trunc 50 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "lightpath.labels" -}}
app.kubernetes.io/name: lightpath
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "lightpath.selector" -}}
app.kubernetes.io/name: lightpath
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "lightpath.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "lightpath.secretName" -}}
{{- if .Values.auth.existingSecret -}}{{ .Values.auth.existingSecret }}{{- else -}}{{ include "lightpath.fullname" . }}-auth{{- end -}}
{{- end -}}

{{/* Kafka and Redis settings shared by orchestrators (Redis) and agents (Kafka). */}}
{{- define "lightpath.kafkaEnv" -}}
- name: KAFKA_BROKERS
  value: {{ required "kafka.brokers is required" .Values.kafka.brokers | quote }}
- name: KAFKA_TOPIC_PREFIX
  value: {{ .Values.kafka.topicPrefix | quote }}
- name: KAFKA_IDEMPOTENT
  value: {{ .Values.kafka.idempotent | toString | quote }}
{{- end -}}

{{- define "lightpath.redisEnv" -}}
{{- if eq .Values.redis.mode "sentinel" }}
- name: REDIS_SENTINELS
  value: {{ required "redis.sentinels is required in sentinel mode" .Values.redis.sentinels | join "," | quote }}
- name: REDIS_SENTINEL_NAME
  value: {{ .Values.redis.sentinelName | quote }}
{{- else if eq .Values.redis.mode "cluster" }}
- name: REDIS_CLUSTER_NODES
  value: {{ required "redis.clusterNodes is required in cluster mode" .Values.redis.clusterNodes | join "," | quote }}
{{- else if eq .Values.redis.mode "single" }}
- name: REDIS_URL
  value: {{ required "redis.url is required in single mode" .Values.redis.url | quote }}
{{- else }}
{{- fail "redis.mode must be single, sentinel or cluster" }}
{{- end }}
- name: REDIS_COMMAND_TIMEOUT_MS
  value: {{ .Values.redis.commandTimeoutMs | quote }}
{{- end -}}
