/** A realistic resource body for tests: the Xiangtan household register (户籍人口). */
export const sampleResource = (name: string) => ({
  name,
  summary: '全市户籍人口基本信息，含姓名、公民身份号码、户籍地址等。',
  category: 'base',
  classCode: '101001',
  className: '基础信息资源/人口/户籍',
  format: 'database',
  shareType: 'conditional',
  shareCondition: '用于政务服务身份核验，须说明用途',
  shareMethod: '共享平台',
  openType: 'closed',
  updateFrequency: 'daily',
  fields: [
    { name: '姓名', code: 'xm', dataType: 'string', length: 50 },
    {
      name: '公民身份号码',
      code: 'sfzh',
      dataType: 'string',
      length: 18,
      isKey: true,
      elementCode: 'DE00001',
    },
    { name: '户籍地址', code: 'hjdz', dataType: 'string', length: 200 },
  ],
})
