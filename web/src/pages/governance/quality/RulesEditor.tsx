import { Alert, App, Button, Card, List, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { api, errorText } from '../../../api'
import { useFetch } from '../../../hooks'
import { DIMENSION_LABELS, RULE_LABELS } from './labels'
import RuleForm, { type FieldOption } from './RuleForm'
import type { QualityRule, RuleParams, RuleSuggestion } from './types'

function paramText(p: RuleParams): string {
  const parts: string[] = []
  if (p.pattern) parts.push(`正则 ${p.pattern}`)
  if (p.values) parts.push(`取值 ${p.values.slice(0, 8).join('、')}${p.values.length > 8 ? '…' : ''}`)
  if (p.min !== undefined || p.max !== undefined) parts.push(`${p.min ?? '−∞'} ~ ${p.max ?? '+∞'}`)
  if (p.notFuture) parts.push('不晚于当天')
  if (p.refField) parts.push(`参照字段 ${p.refField}${p.refValueField ? ` / ${p.refValueField}` : ''}`)
  return parts.join('；') || '—'
}

/** 规则: the resource's rules with enable switches, edit and delete; suggestions to adopt one by one or all. */
export default function RulesEditor({
  resourceId,
  fields,
  canManage,
}: {
  resourceId: string
  fields: FieldOption[]
  canManage: boolean
}) {
  const { message } = App.useApp()
  const rules = useFetch<{ items: QualityRule[] }>(`/quality/resources/${resourceId}/rules`)
  const [showSuggestions, setShowSuggestions] = useState(false)
  const suggestions = useFetch<{ items: RuleSuggestion[] }>(
    showSuggestions ? `/quality/resources/${resourceId}/suggestions` : null,
    undefined,
    rules.data?.items.length ?? 0,
  )
  const [editing, setEditing] = useState<QualityRule | null | 'new'>(null)
  const fieldName = (code: string) => fields.find((f) => f.code === code)?.name ?? code

  const adopt = async (items: RuleSuggestion[]) => {
    try {
      for (const s of items)
        await api.post(`/quality/resources/${resourceId}/rules`, {
          type: s.type,
          fields: s.fields,
          params: s.params,
          threshold: s.threshold,
          name: s.name,
          origin: 'suggested',
        })
      message.success(`已采纳 ${items.length} 条规则`)
      rules.reload()
    } catch (err) {
      message.error(errorText(err))
    }
  }
  const toggle = async (r: QualityRule, enabled: boolean) => {
    try {
      await api.patch(`/quality/rules/${r.id}`, { enabled })
      rules.reload()
    } catch (err) {
      message.error(errorText(err))
    }
  }
  const remove = async (r: QualityRule) => {
    try {
      await api.delete(`/quality/rules/${r.id}`)
      rules.reload()
    } catch (err) {
      message.error(errorText(err))
    }
  }

  return (
    <>
      {rules.error && (
        <Alert type="error" showIcon message={errorText(rules.error)} style={{ marginBottom: 12 }} />
      )}
      {canManage && (
        <Space style={{ marginBottom: 12 }}>
          <Button type="primary" onClick={() => setEditing('new')}>
            新增规则
          </Button>
          <Button onClick={() => setShowSuggestions((v) => !v)}>
            {showSuggestions ? '收起推荐' : '推荐规则'}
          </Button>
        </Space>
      )}
      {showSuggestions && (
        <Card
          size="small"
          title="根据字段名、类型与抽样值推荐的规则"
          style={{ marginBottom: 12 }}
          extra={
            suggestions.data?.items.length ? (
              <Button size="small" type="primary" onClick={() => adopt(suggestions.data?.items ?? [])}>
                全部采纳
              </Button>
            ) : null
          }
        >
          <List
            loading={suggestions.loading}
            locale={{ emptyText: '没有新的推荐：常见规则均已配置' }}
            dataSource={suggestions.data?.items ?? []}
            renderItem={(s) => (
              <List.Item
                actions={[
                  <Button key="adopt" size="small" onClick={() => adopt([s])}>
                    采纳
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space>
                      <Tag color="blue">{RULE_LABELS[s.type]}</Tag>
                      {s.name}
                    </Space>
                  }
                  description={`${s.reason}${s.fields.length ? `（字段：${s.fields.map(fieldName).join('、')}）` : ''}`}
                />
              </List.Item>
            )}
          />
        </Card>
      )}
      <Table<QualityRule>
        rowKey="id"
        size="middle"
        loading={rules.loading}
        dataSource={rules.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: canManage ? '尚未配置质量规则，可点击“推荐规则”快速开始' : '尚未配置质量规则' }}
        columns={[
          {
            title: '规则',
            dataIndex: 'name',
            render: (v: string, r) => (
              <Space direction="vertical" size={0}>
                <span>{v}</span>
                {r.origin === 'suggested' && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    由推荐采纳
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: '类型',
            dataIndex: 'type',
            render: (v: QualityRule['type']) => <Tag>{RULE_LABELS[v]}</Tag>,
          },
          {
            title: '维度',
            dataIndex: 'dimension',
            render: (v: QualityRule['dimension']) => DIMENSION_LABELS[v],
          },
          {
            title: '字段',
            dataIndex: 'fields',
            render: (v: string[]) => (v.length ? v.map(fieldName).join(' + ') : '资源'),
          },
          { title: '参数', dataIndex: 'params', render: (v: RuleParams) => paramText(v) },
          {
            title: '允许失败',
            dataIndex: 'threshold',
            render: (v: number) => `${Math.round(v * 10000) / 100}%`,
          },
          {
            title: '启用',
            dataIndex: 'enabled',
            render: (v: boolean, r) => (
              <Switch size="small" checked={v} disabled={!canManage} onChange={(on) => toggle(r, on)} />
            ),
          },
          ...(canManage
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  render: (_: unknown, r: QualityRule) => (
                    <Space>
                      <Button size="small" onClick={() => setEditing(r)}>
                        修改
                      </Button>
                      <Popconfirm title="删除该规则？" onConfirm={() => remove(r)}>
                        <Button size="small" danger>
                          删除
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <RuleForm
        open={editing !== null}
        resourceId={resourceId}
        fields={fields}
        rule={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null)
          rules.reload()
        }}
      />
    </>
  )
}
