/** Admin HTTP controllers, REST API and web UI (built by the admin issue). Depends on db only. */
package jobproxy.admin;
