// The core service every host uses: createLifeboatService(hooks, options) → LifeboatService.
export { createLifeboatService, type ServiceOptions } from './create-service';
export type { LifeboatService, ServiceHostHooks } from './service-types';
