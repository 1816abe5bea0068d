/**
 * The dependency directions of STYLE.md, checked on every `npm test`:
 *   projections → src/contexts/X/index.ts → src/shared; contexts talk only through index.ts;
 *   domain code imports only shared/ddd and shared/errors; src never imports projections
 *   (except the composition root, src/main.ts, which hands the projection list to the runner).
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'contexts/X/domain imports only its own domain, shared/ddd and shared/errors',
      severity: 'error',
      from: { path: '^src/contexts/([^/]+)/domain/', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: ['^src/contexts/$1/domain/', '^src/shared/(ddd|errors)/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'contexts-through-index',
      comment: 'a context reaches another only through its index.ts',
      severity: 'error',
      from: { path: '^src/contexts/([^/]+)/' },
      to: { path: '^src/contexts/([^/]+)/', pathNot: ['^src/contexts/$1/', '^src/contexts/[^/]+/index\\.ts$'] },
    },
    {
      name: 'src-not-to-projections',
      comment: 'projections depend on src, never the reverse (the composition root excepted)',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/main\\.ts$' },
      to: { path: '^projections/' },
    },
    {
      name: 'projections-through-index',
      comment: 'projections see contexts only through their index.ts, plus shared building blocks',
      severity: 'error',
      from: { path: '^projections/' },
      to: { path: '^src/', pathNot: ['^src/contexts/[^/]+/index\\.ts$', '^src/shared/'] },
    },
    {
      name: 'shared-is-independent',
      comment: 'shared building blocks import nothing from contexts',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/contexts/' },
    },
    {
      name: 'no-test-code-in-src',
      comment: 'production code never imports test code',
      severity: 'error',
      from: { path: '^(src|projections)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^test/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^src/(shared|contexts/[^/]+/domain)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
