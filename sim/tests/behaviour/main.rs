//! Real HTTP against running simulators, one module per host.

mod bitbucket;
mod catalog;
mod client;
mod cloud_site;
mod data_center;
mod gateway;
mod hostile;
mod story;
mod variants;
