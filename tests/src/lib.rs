//! Workspace member that holds the integration tests (see tests/).
