// ResourceSets (Flux Operator's self-service API) and their input providers. A ResourceSet that fails to
// build creates nothing, so nothing downstream fails: only the ResourceSet shows the problem. One waiting
// on a dependency (dependsOn) names it when it fails; one whose inputsFrom names a provider that does not
// exist stalls on it (the controller reads each named provider and fails when it is absent).
import { familyCheck } from '../family.js';

export const resourceSetsCheck = familyCheck({
  id: 'resourcesets',
  title: 'ResourceSets',
  family: 'resourcesets',
  optional: 'the ResourceSet CRDs are not installed',
});
