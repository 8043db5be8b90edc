# Diagnosis: unit tests with fixture trees, and integration scripts that build the real
# conditions in network namespaces.
